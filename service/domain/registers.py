"""The registers a văn thư keeps (NĐ 30/2020/NĐ-CP Phụ lục IV): their columns, in order, with their labels."""
from __future__ import annotations

# NĐ 30/2020/NĐ-CP Phụ lục IV: the columns of the outgoing register, in order.
OUTGOING_COLUMNS = (
    ("symbol", "Số, ký hiệu văn bản"),
    ("issue_date", "Ngày tháng văn bản"),
    ("kind_and_subject", "Tên loại và trích yếu nội dung văn bản"),
    ("signer_name", "Người ký"),
    ("recipients_text", "Nơi nhận văn bản"),
    ("archive_text", "Đơn vị, người nhận bản lưu"),
    ("copies", "Số lượng bản"),
    ("dispatched_at", "Ngày chuyển"),
    ("received_by", "Ký nhận"),
    ("note", "Ghi chú"),
)

# NĐ 30/2020/NĐ-CP Phụ lục IV: the incoming register (sổ đăng ký văn bản đến), in order.
INCOMING_COLUMNS = (
    ("arrival_date", "Ngày đến"),
    ("number", "Số đến"),
    ("author", "Tác giả"),
    ("symbol", "Số, ký hiệu"),
    ("issue_date", "Ngày tháng"),
    ("kind_and_subject", "Tên loại và trích yếu nội dung"),
    ("recipient", "Đơn vị hoặc người nhận"),
    ("routed_at", "Ngày chuyển"),
    ("received_by", "Ký nhận"),
    ("note", "Ghi chú"),
)
# The follow-up register (sổ theo dõi giải quyết văn bản đến): 7 columns.
FOLLOW_UP_COLUMNS = (
    ("number", "Số đến"),
    ("document", "Số, ký hiệu, ngày tháng, trích yếu văn bản"),
    ("unit", "Đơn vị hoặc người giải quyết"),
    ("deadline", "Thời hạn giải quyết"),
    ("progress", "Tiến độ giải quyết"),
    ("reply", "Số, ký hiệu văn bản trả lời"),
    ("note", "Ghi chú"),
)
