"""Where the signature and seal images go (service/output/appearance.py), and the PNG facts the upload checks use."""
from __future__ import annotations

from service.output.appearance import MM, SEAL_MM, seal_box, signature_box
from service.output.images import draw_seal, draw_signature, inspect_png

GAP = [328.0, 324.0, 552.0, 398.0]  # the state decision's signature column, 26 mm between position and name


def test_the_signature_is_centred_in_the_space_and_keeps_its_proportions():
    box = signature_box(GAP, draw_signature("Trần Văn Ánh"))
    w, h = box[2] - box[0], box[3] - box[1]
    assert abs(w / h - 600 / 220) < 0.01
    assert w <= 55 * MM + 0.01 and GAP[1] < box[1] and box[3] < GAP[3]
    assert abs((box[0] + box[2]) / 2 - (GAP[0] + GAP[2]) / 2) < 0.01


def test_the_seal_covers_the_left_third_of_the_signature_and_stays_in_the_column():
    sig = signature_box(GAP, draw_signature("Trần Văn Ánh"))
    seal = seal_box(GAP, sig, draw_seal("Bộ Nội vụ"))
    assert abs(seal[2] - seal[0] - SEAL_MM * MM) < 0.01
    assert seal[0] >= GAP[0]
    covered = (seal[2] - sig[0]) / (sig[2] - sig[0])
    assert 0.3 <= covered <= 0.5
    assert seal[3] > GAP[3], "it reaches up over the position line"


def test_without_a_signature_image_the_seal_goes_where_one_would_be():
    assert seal_box(GAP, None)[0] >= GAP[0]


def test_png_facts():
    facts = inspect_png(draw_seal("Đảng ủy Chính phủ", "Hà Nội"))
    assert (facts.format, facts.width, facts.height, facts.has_alpha) == ("PNG", 400, 400, True)
    assert inspect_png(b"GIF89a nothing").format is None


def test_an_image_page_is_made_once_per_image_and_box_and_anew_for_any_other():
    from service.output.appearance import image_page
    from service.output.reuse import IMAGE_PAGES

    sig, seal = draw_signature("Trần Văn Ánh"), draw_seal("Ban Kiểm Thử Bộ Đệm")
    box = signature_box(GAP, sig)
    first = image_page(sig, box)
    hits, misses = IMAGE_PAGES.hits, IMAGE_PAGES.misses
    assert image_page(sig, list(box)) == first
    assert (IMAGE_PAGES.hits, IMAGE_PAGES.misses) == (hits + 1, misses), "the same image in the same box is reused"
    other_image = image_page(draw_signature("Đỗ Thị Kiểm Thử"), box)
    other_box = image_page(sig, [box[0], box[1], box[2] + 10, box[3]])
    seal_page = image_page(seal, seal_box(GAP, box, seal))
    assert IMAGE_PAGES.misses == misses + 3, "another image or another box is rendered anew"
    assert len({first, other_image, other_box, seal_page}) == 4
    assert other_box.startswith(b"%PDF")
