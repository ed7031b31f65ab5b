"""Writes a workbook with openpyxl, as a spreadsheet user's tools do, for
tests/import_workbook.rs: `write_workbook.py ROWS.json OUT.xlsx`, where
ROWS.json is {"Sheet name": [[header, ...], [cell, ...], ...], ...}
(cells are strings, numbers, null, or {"date": "YYYY-MM-DD"}).
"""

import argparse
import datetime
import json
import sys

from openpyxl import Workbook


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows")
    parser.add_argument("out")
    args = parser.parse_args()
    with open(args.rows, encoding="utf-8") as f:
        sheets = json.load(f)
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            cells = []
            for cell in row:
                if isinstance(cell, dict) and "date" in cell:
                    cell = datetime.date.fromisoformat(cell["date"])
                cells.append(cell)
            sheet.append(cells)
    fixed = datetime.datetime(2026, 11, 30)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.save(args.out)
    print(json.dumps({"sheets": list(sheets)}))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a clear message, not a traceback alone
        print(f"write_workbook.py: {e}", file=sys.stderr)
        sys.exit(1)
