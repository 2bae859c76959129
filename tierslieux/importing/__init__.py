"""``make import``, stage by stage; each module takes the previous one's plain data and gives the next its own.

A row walks down once, top to bottom: ``decode`` (the file's bytes as text, in the encoding whose text reads right)
→ ``table`` (text cells, rows and columns capped) → ``mapping`` (the spreadsheet's columns as ours, its values
translated) → ``normalise`` (cells as front matter values, what spreadsheets do to them undone) → ``match`` (the
place a row updates, by our file name, an identifier qualified by its list, or its name in its commune; never
across lists) → ``locate`` (coordinates, the commune's official name, the département checked against the region)
→ ``plan`` (each file's new text, checked with every other file) → ``write`` (files replaced whole, refused rows
copied to ``.a-corriger.csv``). ``tierslieux.importer`` runs them and prints what happened (``report``).
"""
