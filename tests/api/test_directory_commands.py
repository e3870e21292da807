"""`flask directory export|import`: the same file format and the same rules as the pages and the API, for an
administrator who works from a terminal (exports what they administer; import previews unless --apply)."""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa


def test_export_then_import_a_new_state_body_from_the_terminal(app, tmp_path):
    from service.extensions import db

    runner = app.test_cli_runner()
    path = tmp_path / "danh-ba.csv"
    out = runner.invoke(args=["directory", "export", str(path), "--as", "quantri", "--format", "csv"])
    assert out.exit_code == 0, out.output
    unchanged = runner.invoke(args=["directory", "import", str(path), "--as", "quantri"])
    assert unchanged.exit_code == 0 and "thêm: 0, sửa: 0" in unchanged.output, unchanged.output

    text = path.read_bytes().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    def row(kind, **cells):
        return [kind] + [cells.get(h, "") for h in header[1:]]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerow(row("CQ", **{"Mã": "BNV", "Tên": "Bộ Nội vụ", "Viết tắt": "BNV", "Hệ thống (PARTY/STATE)": "STATE",
                            "Loại tổ chức": "BO", "Địa danh": "Hà Nội"}))
    w.writerow(row("ĐV", **{"Cơ quan": "BNV", "Mã": "VP", "Tên": "Văn phòng Bộ"}))
    w.writerow(row("CB", **{"Tên đăng nhập": "nga.vt", "Họ và tên": "Vũ Thị Nga", "Cơ quan": "BNV", "Đơn vị": "VP",
                            "Chức vụ": "Văn thư", "Vai trò": "Văn thư"}))
    new = tmp_path / "bnv.csv"
    new.write_text(buf.getvalue(), encoding="utf-8")

    preview = runner.invoke(args=["directory", "import", str(new), "--as", "quantri"])
    assert preview.exit_code == 0 and "Xem trước, chưa ghi gì." in preview.output and "thêm: 3" in preview.output
    with app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM organizations WHERE code = 'BNV'")).scalar() == 0
    # an organization's administrator may not create another organization: row errors, exit 1, nothing written
    refused = runner.invoke(args=["directory", "import", str(new), "--as", "quantri.ducp", "--apply"])
    assert refused.exit_code == 1 and "LỖI" in refused.output
    applied = runner.invoke(args=["directory", "import", str(new), "--as", "quantri", "--apply"])
    assert applied.exit_code == 0 and "Đã ghi." in applied.output, applied.output
    assert "Mật khẩu dùng một lần của Vũ Thị Nga (nga.vt):" in applied.output
    with app.app_context():
        assert db.session.execute(sa.text(
            "SELECT count(*) FROM people p JOIN role_assignments r ON r.person_id = p.id "
            "WHERE p.username = 'nga.vt' AND r.role = 'clerk'")).scalar() == 1
    ghost = runner.invoke(args=["directory", "import", str(new), "--as", "khong.co"])
    assert ghost.exit_code != 0 and "Không có người dùng 'khong.co'" in ghost.output
