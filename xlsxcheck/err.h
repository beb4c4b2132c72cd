/* err.h: every error xlsxcheck can report, from one X-macro list.
 *
 * Codes are never renumbered: a new code goes at the end.  Each carries a
 * Vietnamese and an English sentence saying what is wrong, and one saying
 * what the user should do.  The library fills an xc_error; msg.c words it
 * and the front ends print it. */
#ifndef XC_ERR_H
#define XC_ERR_H

#include <stddef.h>

/* X(name, number, vi_what, en_what, vi_todo, en_todo) */
#define XC_ERRORS(X) \
  X(XC_OK, 0, "không có lỗi", "no error", "", "") \
  X(XC_ERR_NOMEM, 1, "hết bộ nhớ", "out of memory", \
    "Đóng bớt chương trình khác rồi chạy lại.", "Close other programs and run again.") \
  X(XC_ERR_OPEN, 2, "không mở được tệp", "cannot open the file", \
    "Kiểm tra đường dẫn và quyền đọc tệp.", "Check the path and that the file can be read.") \
  X(XC_ERR_EMPTY, 3, "tệp rỗng (0 byte)", "the file is empty (0 bytes)", \
    "Tệp bị hỏng khi tải về hoặc sao chép; xin đơn vị gửi lại tệp.", \
    "The file was damaged by a download or copy; ask the unit to send it again.") \
  X(XC_ERR_XLS, 4, "đây là tệp Excel cũ (.xls, định dạng OLE), không phải .xlsx", \
    "this is a legacy Excel file (.xls, OLE format), not .xlsx", \
    "Mở tệp trong Excel hoặc LibreOffice và lưu lại dưới dạng \"Sổ làm việc Excel (*.xlsx)\".", \
    "Open it in Excel or LibreOffice and save it as \"Excel Workbook (*.xlsx)\".") \
  X(XC_ERR_ENCRYPTED, 5, "sổ làm việc được đặt mật khẩu (mã hóa), không đọc được nội dung", \
    "the workbook is password-protected (encrypted); its content cannot be read", \
    "Mở tệp bằng mật khẩu, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi lưu lại và gửi lại.", \
    "Open it with the password, remove the password (File > Info > Protect Workbook), save and send it again.") \
  X(XC_ERR_HTML, 6, "đây là trang HTML mang tên bảng tính, không phải tệp .xlsx", \
    "this is an HTML page saved under a spreadsheet name, not an .xlsx file", \
    "Mở tệp trong Excel rồi chọn Lưu thành > \"Sổ làm việc Excel (*.xlsx)\".", \
    "Open it in Excel and use Save As > \"Excel Workbook (*.xlsx)\".") \
  X(XC_ERR_TEXT, 7, "đây là tệp văn bản (CSV hoặc văn bản thường), không phải tệp .xlsx", \
    "this is a text file (CSV or plain text), not an .xlsx file", \
    "Mở tệp trong Excel hoặc LibreOffice rồi lưu lại dưới dạng .xlsx.", \
    "Open it in Excel or LibreOffice and save it as .xlsx.") \
  X(XC_ERR_NOT_ZIP, 8, "không phải tệp .xlsx (không phải gói ZIP)", \
    "not an .xlsx file (not a ZIP package)", \
    "Kiểm tra lại đã gửi đúng tệp báo cáo; lưu lại tệp dưới dạng .xlsx.", \
    "Check that the right report file was sent; save it as .xlsx.") \
  X(XC_ERR_ZIP_DAMAGED, 9, "tệp .xlsx bị hỏng hoặc bị cắt cụt (tải về chưa hết?)", \
    "the .xlsx file is damaged or truncated (incomplete download?)", \
    "Tải lại hoặc xin đơn vị gửi lại tệp.", "Download it again or ask the unit to send it again.") \
  X(XC_ERR_NOT_XLSX, 10, "là gói ZIP nhưng không phải sổ làm việc Excel", \
    "a ZIP package, but not an Excel workbook", \
    "Gửi đúng tệp báo cáo .xlsx; nếu là tệp .ods hoặc tệp khác, mở và lưu lại dưới dạng .xlsx.", \
    "Send the .xlsx report; if this is an .ods or another document, open it and save it as .xlsx.") \
  X(XC_ERR_PART_MISSING, 11, "thiếu một phần mà sổ làm việc trỏ tới", \
    "a part the workbook refers to is missing", \
    "Tệp không hoàn chỉnh; mở và lưu lại trong Excel hoặc LibreOffice, hoặc xin gửi lại.", \
    "The file is incomplete; open and save it again in Excel or LibreOffice, or ask for it again.") \
  X(XC_ERR_XML, 12, "nội dung XML bên trong tệp bị lỗi", "the XML inside the file is malformed", \
    "Tệp do một chương trình lỗi tạo ra hoặc đã bị sửa tay; mở và lưu lại trong Excel hoặc LibreOffice.", \
    "The file was written by a faulty program or edited by hand; open and save it again in Excel or LibreOffice.") \
  X(XC_ERR_DTD, 13, "tệp chứa khai báo DTD/thực thể XML, bị từ chối vì lý do an toàn", \
    "the file contains an XML DTD or entity declaration, refused for safety", \
    "Không mở tệp này; xin đơn vị lưu lại báo cáo bằng Excel hoặc LibreOffice rồi gửi lại.", \
    "Do not open this file; ask the unit to save the report from Excel or LibreOffice and send it again.") \
  X(XC_ERR_TOO_BIG, 14, "một phần của tệp vượt quá giới hạn kích thước khi giải nén", \
    "a part of the file exceeds the uncompressed size limit", \
    "Nếu đúng là tệp lớn, nâng giới hạn bằng --max-part-mb/--max-total-mb; nếu không, tệp có thể là \"bom nén\".", \
    "If the file really is that large, raise the limit with --max-part-mb/--max-total-mb; otherwise it may be a zip bomb.") \
  X(XC_ERR_RATIO, 15, "tỷ lệ nén bất thường (nghi \"bom nén\")", \
    "abnormal compression ratio (suspected zip bomb)", \
    "Không mở tệp này; nếu chắc chắn tệp hợp lệ, nâng giới hạn bằng --max-ratio.", \
    "Do not open this file; if you are sure it is valid, raise the limit with --max-ratio.") \
  X(XC_ERR_SST_INDEX, 16, "ô trỏ tới chuỗi dùng chung không tồn tại", \
    "a cell refers to a shared string that does not exist", \
    "Tệp bị hỏng; mở và lưu lại trong Excel hoặc LibreOffice.", \
    "The file is damaged; open and save it again in Excel or LibreOffice.") \
  X(XC_ERR_UTF8, 17, "văn bản không phải UTF-8 hợp lệ", "the text is not valid UTF-8", \
    "Tệp do một chương trình lỗi tạo ra; mở và lưu lại trong Excel hoặc LibreOffice.", \
    "The file was written by a faulty program; open and save it again in Excel or LibreOffice.") \
  X(XC_ERR_CELLREF, 18, "địa chỉ ô sai hoặc nằm ngoài bảng tính (tối đa XFD1048576)", \
    "a cell reference is malformed or outside the grid (max XFD1048576)", \
    "Tệp bị hỏng; mở và lưu lại trong Excel hoặc LibreOffice.", \
    "The file is damaged; open and save it again in Excel or LibreOffice.") \
  X(XC_ERR_NUMBER, 19, "giá trị số không đọc được hoặc vượt quá phạm vi", \
    "a numeric value cannot be read or is out of range", \
    "Tệp bị hỏng; mở và lưu lại trong Excel hoặc LibreOffice.", \
    "The file is damaged; open and save it again in Excel or LibreOffice.") \
  X(XC_ERR_ZIP_ENCRYPTED, 20, "một phần của gói ZIP được mã hóa bằng mật khẩu ZIP", \
    "a part of the ZIP package is encrypted with a ZIP password", \
    "Giải nén bỏ mật khẩu hoặc xin đơn vị gửi tệp .xlsx không mã hóa.", \
    "Remove the ZIP password or ask the unit for an unencrypted .xlsx.") \
  X(XC_ERR_LIMIT, 21, "tệp vượt quá giới hạn an toàn của chương trình", \
    "the file exceeds a safety limit of the program", \
    "Kiểm tra tệp; nếu hợp lệ, báo cho nhóm phát triển xlsxcheck.", \
    "Check the file; if it is valid, report it to the xlsxcheck developers.") \
  X(XC_ERR_NO_SHEET, 22, "không có trang tính mang tên này", "there is no sheet with this name", \
    "Chạy \"xlsxcheck info\" để xem tên các trang tính.", "Run \"xlsxcheck info\" to list the sheet names.") \
  X(XC_ERR_ROW_ORDER, 23, "các hàng của một trang tính rất lớn không theo thứ tự", \
    "the rows of a very large sheet are out of order", \
    "Mở và lưu lại tệp trong Excel hoặc LibreOffice (chúng ghi các hàng theo thứ tự).", \
    "Open and save the file again in Excel or LibreOffice (they write rows in order).") \
  X(XC_ERR_WRITE, 24, "không ghi được kết quả", "cannot write the output", \
    "Kiểm tra chỗ trống trên đĩa và quyền ghi.", "Check free disk space and write permission.") \
  X(XC_ERR_USAGE, 25, "cách gọi lệnh không đúng", "wrong command usage", \
    "Chạy \"xlsxcheck --help\".", "Run \"xlsxcheck --help\".") \
  X(XC_ERR_XML2003, 26, "đây là bảng tính XML 2003 (SpreadsheetML), không phải tệp .xlsx", \
    "this is an XML 2003 spreadsheet (SpreadsheetML), not an .xlsx file", \
    "Mở tệp trong Excel rồi chọn Lưu thành > \"Sổ làm việc Excel (*.xlsx)\".", \
    "Open it in Excel and use Save As > \"Excel Workbook (*.xlsx)\".") \
  X(XC_ERR_RULES, 27, "tệp luật không đọc được", "a ruleset cannot be read", \
    "Sửa tệp luật tại dòng và cột đã nêu (xlsxcheck rules --lint TỆP).", \
    "Correct the ruleset at the line and column given (xlsxcheck rules --lint FILE).") \
  X(XC_ERR_RULES_DIR, 28, "không tìm thấy thư mục luật", "rulesets folder not found", \
    "Cài lại xlsxcheck, hoặc đặt biến XLSXCHECK_DATA là thư mục chứa rulesets/.", \
    "Install xlsxcheck again, or set XLSXCHECK_DATA to the folder holding rulesets/.") \
  X(XC_ERR_UNITS, 29, "danh mục đơn vị không dùng được", "the units registry cannot be used", \
    "Sửa danh mục đơn vị tại dòng đã nêu, hoặc chỉ định danh mục khác bằng --units.", \
    "Correct the units registry at the line given, or name another one with --units.") \
  X(XC_ERR_FORM_UNKNOWN, 30, "không nhận ra biểu mẫu", "the form is not recognised", \
    "Gửi đúng tệp báo cáo, điền trên biểu mẫu chính thức; hoặc dùng --rules để chỉ định.", \
    "Send the report itself, on the official form; or name the form with --rules.") \
  X(XC_ERR_MERGE_NONE, 31, "không có tệp nào tổng hợp được", "no file could be merged", \
    "Kiểm tra lại các tệp đầu vào (xlsxcheck check TỆP...).", \
    "Check the inputs (xlsxcheck check FILE...).") \
  X(XC_ERR_NOT_REGULAR, 32, "không phải tệp thông thường (là FIFO, thiết bị, socket hoặc thư mục)", \
    "not a regular file (a FIFO, a device, a socket or a folder)", \
    "Chỉ định một tệp .xlsx thật (hoặc \"-\" để đọc từ đầu vào chuẩn).", \
    "Name a real .xlsx file (or \"-\" to read the standard input).") \
  X(XC_ERR_TSV_NUL, 33, "tệp có byte NUL: không phải tệp văn bản", "the file holds a NUL byte: it is not text", \
    "Kiểm tra đã chọn đúng tệp; lưu lại tệp dạng văn bản UTF-8, các cột cách nhau bằng dấu Tab.", \
    "Check that the right file was named; save it as UTF-8 text, columns separated by tabs.") \
  X(XC_ERR_TSV_BOM, 34, "tệp bắt đầu bằng dấu thứ tự byte (BOM)", "the file starts with a byte order mark (BOM)", \
    "Lưu lại tệp dạng UTF-8 không có BOM (trong Notepad: \"UTF-8\", không chọn \"UTF-8 with BOM\").", \
    "Save the file as UTF-8 without BOM (in Notepad: \"UTF-8\", not \"UTF-8 with BOM\").") \
  X(XC_ERR_TSV_UTF8, 35, "dòng này không phải văn bản UTF-8 hợp lệ", "this line is not valid UTF-8 text", \
    "Lưu lại tệp dạng UTF-8 (không dùng bảng mã TCVN3 hay VNI).", \
    "Save the file as UTF-8 (not in the TCVN3 or VNI encodings).") \
  X(XC_ERR_TSV_CR, 36, "tệp dùng ký tự CR (xuống dòng kiểu Windows)", "the file uses CR (Windows line ends)", \
    "Lưu lại tệp với xuống dòng kiểu Unix (LF).", "Save the file with Unix line ends (LF).") \
  X(XC_ERR_TSV_FIELDS, 37, "dòng này có số cột khác dòng tiêu đề", "this line has another number of fields than the header", \
    "Sửa dòng đã nêu: mỗi dòng có đúng số cột của dòng tiêu đề, cách nhau bằng dấu Tab.", \
    "Correct the line given: as many tab-separated fields as the header.") \
  X(XC_ERR_TSV_EMPTY, 38, "tệp không có dòng tiêu đề", "the file has no header line", \
    "Dòng đầu tiên phải là tên các cột, cách nhau bằng dấu Tab.", \
    "The first line must name the columns, separated by tabs.") \
  X(XC_ERR_UNITS_COLUMN, 39, "danh mục đơn vị thiếu cột", "the units registry lacks a column", \
    "Dòng tiêu đề phải có các cột code, official_name, type, base_name, folded_key, slug.", \
    "The header must have the columns code, official_name, type, base_name, folded_key, slug.") \
  X(XC_ERR_UNITS_FIELDS, 40, "dòng này thiếu cột so với dòng tiêu đề", "this line has fewer fields than the header", \
    "Sửa dòng đã nêu: mỗi đơn vị có đủ các cột, cách nhau bằng dấu Tab.", \
    "Correct the line given: every unit has all the columns, separated by tabs.") \
  X(XC_ERR_UNITS_EMPTY, 41, "ô bắt buộc của đơn vị bị trống", "a required field of the unit is empty", \
    "Điền ô còn trống (mã, tên chính thức, khóa so khớp, tên tệp) ở dòng đã nêu.", \
    "Fill in the empty field (code, official name, match key, file name) on the line given.") \
  X(XC_ERR_UNITS_DUP_CODE, 42, "mã đơn vị bị trùng với một dòng trước", "the unit code repeats an earlier line's", \
    "Mỗi đơn vị một mã: sửa hoặc xóa dòng trùng.", "One code per unit: correct or remove the repeated line.") \
  X(XC_ERR_UNITS_DUP_KEY, 43, "khóa so khớp (folded_key) bị trùng với một dòng trước", \
    "the match key (folded_key) repeats an earlier line's", \
    "Hai đơn vị không thể có cùng khóa so khớp: sửa hoặc xóa dòng trùng.", \
    "Two units cannot share a match key: correct or remove the repeated line.") \
  X(XC_ERR_UNITS_DUP_SLUG, 44, "tên tệp (slug) bị trùng với một dòng trước", "the file name (slug) repeats an earlier line's", \
    "Mỗi đơn vị một tên tệp trong gói tổng hợp: sửa dòng trùng.", \
    "Each unit has its own file in the bundle: correct the repeated line.") \
  X(XC_ERR_UNITS_NONE, 45, "danh mục đơn vị không có đơn vị nào", "the units registry lists no unit", \
    "Thêm các đơn vị, mỗi đơn vị một dòng, dưới dòng tiêu đề.", "Add the units, one a line, below the header.")

typedef enum {
#define XC_ERR_ENUM(name, num, vi, en, tvi, ten) name = num,
  XC_ERRORS(XC_ERR_ENUM)
#undef XC_ERR_ENUM
} xc_err;

typedef enum { XC_LANG_VI = 0, XC_LANG_EN = 1 } xc_lang;

/* What went wrong, where.  Filled by the library; worded by msg.c. */
typedef struct {
  xc_err code;
  char part[256];   /* package part (e.g. "xl/worksheets/sheet1.xml"), or "" */
  unsigned long line, col; /* 1-based position inside part, or 0 */
  char detail[512]; /* extra facts: an expat message, a cell ref, a size */
} xc_error;

/* Static strings; never NULL. */
const char *xc_strerror(xc_err code, xc_lang lang);
const char *xc_err_todo(xc_err code, xc_lang lang);
const char *xc_err_name(xc_err code);

/* Sets e (if non-NULL) and returns code: report and fail in one call. */
xc_err xc_fail(xc_error *e, xc_err code, const char *part, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
