"""pandas.read_excel (engine openpyxl): every worksheet into a DataFrame.

Usage: /usr/bin/python3 pandas_read.py FILE.xlsx
Prints "cells N" (non-null values in the DataFrames) on stderr."""
import sys

import pandas as pd

frames = pd.read_excel(sys.argv[1], sheet_name=None, header=None, engine="openpyxl")
n = sum(int(df.count().sum()) for df in frames.values())
print(f"cells {n}", file=sys.stderr)
