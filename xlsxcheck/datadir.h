/* datadir.h: where the data files are (rulesets/, templates/, the units
 * registry in rulesets/units/).
 *
 * Looked for, in order:
 *   $XLSXCHECK_DATA                   when set, the only place looked at;
 *   <folder of the binary>/../share/xlsxcheck   an installed tree moved as a whole;
 *   <folder of the binary>/..         a build in a checkout (build/xlsxcheck);
 *   XC_DATADIR                        the folder compiled in (make DATADIR=…).
 * A data folder is one that holds a rulesets/ folder. */
#ifndef XC_DATADIR_H
#define XC_DATADIR_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* The data folder into out (cap bytes); false when none was found, with the
 * places looked at in looked (one per line, "  " in front), if non-NULL.
 * exe is the binary's path (NULL: /proc/self/exe); env the value of
 * $XLSXCHECK_DATA (NULL or "" when unset). */
bool xc_datadir_find(const char *exe, const char *env, char *out, size_t cap, xc_buf *looked);

#endif
