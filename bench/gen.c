/* gen.c: writes the benchmark workbooks with libxlsxwriter.
 *
 *   gen numeric OUT.xlsx [ROWS]   ROWS x 10 numeric cells (default 300000 rows)
 *   gen mixed   OUT.xlsx [ROWS]   a header row + ROWS x 6 mixed cells (default 200000)
 *
 * Prints the number of non-empty cells written (what `xlsxcheck dump` must
 * print as lines). Output is deterministic: a fixed-seed PRNG, no clock.
 *
 * numeric uses constant_memory mode (rows are streamed to a temp file, so the
 * generator stays small and fast). mixed does not: in constant_memory mode
 * libxlsxwriter writes every string inline (t="inlineStr"), and the point of
 * the mixed sheet is a shared-strings table whose entries repeat, the way
 * Excel writes text.
 *
 * Build: cc -O2 -o gen bench/gen.c $(pkg-config --cflags --libs xlsxwriter) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsxwriter.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t next_u64(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint32_t below(uint32_t n) { return (uint32_t)(next_u64() % n); }
static double unit(void) { return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

static void check(lxw_error err, const char *what) {
  if (err != LXW_NO_ERROR) {
    fprintf(stderr, "gen: %s: %s\n", what, lxw_strerror(err));
    exit(1);
  }
}

#define N(a) (sizeof(a) / sizeof *(a))

/* Vietnamese names and labels: a small vocabulary, so shared strings repeat. */
static const char *ho[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                           "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
static const char *dem[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc",
                            "Thu", "Xuân"};
static const char *ten[] = {"An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh",
                            "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long",
                            "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn",
                            "Tâm", "Thảo", "Trang", "Trung", "Tuấn", "Yến"};
static const char *tinh[] = {"Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ",
                             "Huế", "Nghệ An", "Thanh Hóa", "Quảng Ninh", "Bắc Ninh",
                             "Đồng Nai", "Bình Dương", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
                             "An Giang", "Kiên Giang", "Cà Mau", "Lào Cai", "Điện Biên"};
static const char *trang_thai[] = {"Đã giao", "Đang giao", "Chờ xử lý", "Đã hủy", "Hoàn tiền"};

static unsigned long gen_numeric(const char *out, uint32_t rows) {
  lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
  lxw_workbook *wb = workbook_new_opt(out, &opt);
  if (!wb) {
    fprintf(stderr, "gen: cannot create %s\n", out);
    exit(1);
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Số liệu");
  lxw_format *money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  unsigned long cells = 0;
  for (uint32_t r = 0; r < rows; r++) {
    /* A-C integers, D-G two-decimal amounts, H-J full-precision doubles */
    check(worksheet_write_number(ws, r, 0, (double)(r + 1), NULL), "write");
    check(worksheet_write_number(ws, r, 1, (double)below(1000), NULL), "write");
    check(worksheet_write_number(ws, r, 2, (double)below(2000000000) - 1e9, NULL), "write");
    for (uint16_t c = 3; c < 7; c++)
      check(worksheet_write_number(ws, r, c, (double)below(10000000) / 100.0,
                                   c == 3 ? money : NULL), "write");
    check(worksheet_write_number(ws, r, 7, unit(), NULL), "write");
    check(worksheet_write_number(ws, r, 8, (unit() - 0.5) * 1e6, NULL), "write");
    check(worksheet_write_number(ws, r, 9, unit() * 1e-3, NULL), "write");
    cells += 10;
  }
  check(workbook_close(wb), "close");
  return cells;
}

static unsigned long gen_mixed(const char *out, uint32_t rows) {
  lxw_workbook *wb = workbook_new(out); /* not constant_memory: see the top */
  if (!wb) {
    fprintf(stderr, "gen: cannot create %s\n", out);
    exit(1);
  }
  lxw_worksheet *ws = workbook_add_worksheet(wb, "Đơn hàng");
  lxw_format *date = workbook_add_format(wb);
  format_set_num_format(date, "dd/mm/yyyy");
  lxw_format *money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  static const char *header[] = {"Họ và tên", "Tỉnh/Thành", "Số lượng", "Đơn giá",
                                 "Ngày đặt", "Trạng thái"};
  unsigned long cells = 0;
  for (uint16_t c = 0; c < N(header); c++, cells++)
    check(worksheet_write_string(ws, 0, c, header[c], NULL), "write");
  char name[96];
  for (uint32_t r = 1; r <= rows; r++) {
    snprintf(name, sizeof name, "%s %s %s", ho[below(N(ho))], dem[below(N(dem))],
             ten[below(N(ten))]);
    check(worksheet_write_string(ws, r, 0, name, NULL), "write");
    check(worksheet_write_string(ws, r, 1, tinh[below(N(tinh))], NULL), "write");
    check(worksheet_write_number(ws, r, 2, (double)(1 + below(500)), NULL), "write");
    check(worksheet_write_number(ws, r, 3, (double)below(5000000) / 100.0, money), "write");
    /* 2015-01-01 (serial 42005) plus up to ~10 years */
    check(worksheet_write_number(ws, r, 4, 42005.0 + below(3650), date), "write");
    check(worksheet_write_string(ws, r, 5, trang_thai[below(N(trang_thai))], NULL), "write");
    cells += 6;
  }
  check(workbook_close(wb), "close");
  return cells;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4 || (strcmp(argv[1], "numeric") && strcmp(argv[1], "mixed"))) {
    fprintf(stderr, "usage: gen numeric|mixed OUT.xlsx [ROWS]\n");
    return 64;
  }
  bool numeric = strcmp(argv[1], "numeric") == 0;
  long rows = numeric ? 300000 : 200000;
  if (argc == 4) {
    char *end;
    rows = strtol(argv[3], &end, 10);
    if (*end || rows < 1 || rows > 1048575) {
      fprintf(stderr, "gen: bad ROWS: %s\n", argv[3]);
      return 64;
    }
  }
  unsigned long cells = numeric ? gen_numeric(argv[2], (uint32_t)rows)
                                : gen_mixed(argv[2], (uint32_t)rows);
  printf("%lu\n", cells);
  return 0;
}
