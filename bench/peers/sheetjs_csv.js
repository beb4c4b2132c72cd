// SheetJS (npm "xlsx"): read the file, sheet_to_csv every sheet to stdout.
// Usage: node sheetjs_csv.js FILE.xlsx > /dev/null
'use strict';
const XLSX = require('xlsx');

const wb = XLSX.readFile(process.argv[2]);
for (const name of wb.SheetNames) {
  process.stdout.write(XLSX.utils.sheet_to_csv(wb.Sheets[name]));
  process.stdout.write('\n');
}
