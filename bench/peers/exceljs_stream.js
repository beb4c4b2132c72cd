// ExcelJS streaming WorkbookReader: iterate every cell of every worksheet.
// Usage: node exceljs_stream.js FILE.xlsx
// Prints "cells N" (non-empty values seen) on stderr.
'use strict';
const ExcelJS = require('exceljs');

async function main(file) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    styles: 'cache', // so date-formatted numbers come back as dates, as in dump
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let n = 0;
  for await (const ws of reader) {
    for await (const row of ws) {
      row.eachCell((cell) => {
        const v = cell.value;
        if (v !== null && v !== undefined && v !== '') n++;
      });
    }
  }
  process.stderr.write(`cells ${n}\n`);
}

main(process.argv[2]).catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
