"""Tables for keys, certificates and signed PDFs (issue: the official document and digital signatures)."""
