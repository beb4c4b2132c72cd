/* submitcli.h: the command-line side of the submissions store.
 *
 *   xlsxcheck codes --data DIR [--units FILE] [--unit CODE]
 *       a new access code for every unit of the registry (or one), printed
 *       once as TSV "code<TAB>official name<TAB>access code"
 *   xlsxcheck admin-password --data DIR     the Sở's password, from stdin
 *   xlsxcheck backup --data DIR DEST        an online copy into folder DEST
 *
 * Each takes argv from the command's name on and returns the exit status
 * (0 done, 2 usage or failure). */
#ifndef XC_WEB_SUBMITCLI_H
#define XC_WEB_SUBMITCLI_H

int xc_cli_codes(int argc, char **argv);
int xc_cli_admin_password(int argc, char **argv);
int xc_cli_backup(int argc, char **argv);

/* The registry file when none is named: the one units/NAME.tsv under the
 * rulesets folder of the data folder (datadir.h), else ./rulesets.  false
 * when there is not exactly one. */
#include <stdbool.h>
#include <stddef.h>
bool xc_cli_default_units(char *out, size_t cap);
/* The one units/NAME.tsv under a rulesets folder; false when not exactly one. */
bool xc_cli_units_in(const char *rulesets_dir, char *out, size_t cap);

/* A usage problem on standard error, worded by msg.h ("xlsxcheck: lỗi: …"
 * and what to do): the one printer of usage errors for every command. */
#include "../xlsxcheck.h" /* xc_lang */
void xc_cli_say_usage(xc_lang lang, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
#endif
