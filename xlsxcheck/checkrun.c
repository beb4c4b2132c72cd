/* checkrun.c: a check run: every rule of the file's scope, its body
 * evaluated by check.c, its built-in by checkbuiltin.c, a failing sum or
 * ratio's hint by checkslip.c.  The one part that knows them all, so the
 * evaluator itself calls none of them (no call circle between the parts). */
#include "check.h"

#include "checkint.h"
#include "recalc.h"

void xc_check_run(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                  const xc_check_opts *opts, xc_diags *out) {
  xc_check_run_shared(rs, m, b, opts, out, NULL);
}

void xc_check_run_shared(const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                         const xc_check_opts *opts, xc_diags *out, struct xc_reader *rd) {
  ctx c;
  xc_chk_ctx_init(&c, rs, m, b, opts, out);
  if (rd) xc_chk_share_values(&c, rd);
  c.run_builtin = xc_chk_builtin;
  c.slip_hint = xc_chk_slip_hint;
  for (size_t i = 0; i < rs->nrules; i++) {
    const xc_rule *r = &rs->rules[i];
    if (!(r->scopes & opts->scope)) continue;
    c.rule = r;
    switch (r->body) {
      case XC_BODY_EXPR: xc_chk_run_expr(&c); break;
      case XC_BODY_EACH: xc_chk_run_each(&c); break;
      case XC_BODY_UNIQUE: xc_chk_run_unique(&c); break;
      case XC_BODY_SEQUENCE: xc_chk_run_sequence(&c); break;
      case XC_BODY_CHECK: c.run_builtin(&c); break;
    }
  }
  xc_recalc_diags(m, opts->file, opts->unit, out); /* formulas without a stored value: F-1, F-2 */
  xc_chk_ctx_free(&c);
}
