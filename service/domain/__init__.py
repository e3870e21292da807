"""Pure domain layer of the document approval service (standard library only).

Modules: ``errors`` (DomainError, Violation), ``text`` (V19 normalisation,
search keys), ``kinds`` (document kinds), ``numbering`` (số/ký hiệu, V1–V5),
``dates`` (V6, V7), ``signature`` (V8–V10), ``recipients`` (Nơi nhận),
``validation`` (V11–V13, V18, V22).  Rules: shared/domain.md.
"""
