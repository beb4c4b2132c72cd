/* cellref.c: A1 reference parsing and formatting. */
#include "cellref.h"


bool xc_cellref_parse(const char *s, size_t n, uint32_t *row, uint32_t *col) {
  size_t i = 0;
  uint32_t c = 0, r = 0;
  if (i < n && s[i] == '$') i++;
  size_t letters = 0;
  while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
    char ch = s[i] >= 'a' ? (char)(s[i] - 'a' + 'A') : s[i];
    if (++letters > 3) return false;
    c = c * 26 + (uint32_t)(ch - 'A' + 1);
    i++;
  }
  if (letters == 0 || c > XC_MAX_COL) return false;
  if (i < n && s[i] == '$') i++;
  size_t digits = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') {
    if (++digits > 7) return false;
    r = r * 10 + (uint32_t)(s[i] - '0');
    i++;
  }
  if (digits == 0 || i != n || r == 0 || r > XC_MAX_ROW) return false;
  *row = r;
  *col = c;
  return true;
}

bool xc_range_parse(const char *s, size_t n, uint32_t *r1, uint32_t *c1, uint32_t *r2,
                    uint32_t *c2) {
  size_t colon = n;
  for (size_t i = 0; i < n; i++)
    if (s[i] == ':') {
      colon = i;
      break;
    }
  if (!xc_cellref_parse(s, colon, r1, c1)) return false;
  if (colon == n) {
    *r2 = *r1;
    *c2 = *c1;
    return true;
  }
  return xc_cellref_parse(s + colon + 1, n - colon - 1, r2, c2);
}

size_t xc_col_name(uint32_t col, char out[4]) {
  char tmp[4];
  size_t n = 0;
  if (col == 0 || col > XC_MAX_COL) {
    out[0] = '\0';
    return 0;
  }
  while (col > 0 && n < 3) {
    col--;
    tmp[n++] = (char)('A' + col % 26);
    col /= 26;
  }
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
  return n;
}

size_t xc_cellref_format(uint32_t row, uint32_t col, char out[12]) {
  size_t n = xc_col_name(col, out);
  char tmp[8];
  size_t k = 0;
  if (row > XC_MAX_ROW) row = 0;
  do {
    tmp[k++] = (char)('0' + row % 10);
    row /= 10;
  } while (row);
  while (k) out[n++] = tmp[--k];
  out[n] = '\0';
  return n;
}
