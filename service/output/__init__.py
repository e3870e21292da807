"""What the service produces for people: the PDF of a document (pdf/, document.py), its PAdES signatures (pades/),
the picture of a diagram (diagram.py), registers as CSV/XLSX (exports.py)."""
