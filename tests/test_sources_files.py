"""Finding input files and reading their bytes: every refusal is a one-line ReadError."""

from __future__ import annotations

import codecs
import pickle
from pathlib import Path

import pytest

from yuezhang.sources.errors import ReadError
from yuezhang.sources.files import MAX_BYTES, iter_input_files, read_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WIKI = "'''某约'''是[[条约]]。\n"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_iter_input_files_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/1.txt", "a.txt", ".hidden.txt", ".git/x.txt", "c/.d/y.txt", "c/z.md"]:
        write(tmp_path / name, b"x")
    single = write(tmp_path / "other" / "solo.txt", b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_input_files([str(tmp_path), str(single)])]
    assert got[:4] == ["a.txt", "b/1.txt", "b/2.txt", "c/z.md"]
    assert got[-1] == "other/solo.txt"
    assert not any("hidden" in g or ".git" in g or ".d/" in g for g in got)
    assert got == [p.relative_to(tmp_path).as_posix() for p in iter_input_files([str(tmp_path), str(single)])]


def test_iter_input_files_over_the_corpus() -> None:
    files = list(iter_input_files([str(SHARED / "corpus")]))
    assert len(files) == 33 and files == sorted(files, key=lambda p: (p.parent.as_posix(), p.name))


def test_read_file_keeps_the_given_path_and_reads_a_bom(tmp_path: Path) -> None:
    p = write(tmp_path / "某约.wikitext", codecs.BOM_UTF8 + WIKI.encode())
    d = read_file(str(p))
    assert d.path == str(p) and d.title == "某约" and d.format == "wikitext"
    assert d.plain == "某约是条约。" and not d.source.startswith("\ufeff")


def test_invalid_utf8_names_the_byte(tmp_path: Path) -> None:
    data = "前面的文字".encode() + b"\xff\xfe" + "后面".encode()
    p = write(tmp_path / "bad.txt", data)
    with pytest.raises(ReadError) as e:
        read_file(p)
    err = e.value
    assert (err.kind, err.position, err.path) == ("encoding", 15, str(p))
    assert str(err).startswith(f"{p}: byte 15: invalid UTF-8") and "\n" not in str(err)
    bom = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + data)
    with pytest.raises(ReadError) as e:
        read_file(bom)
    assert e.value.position == 18  # offsets count the BOM: they are offsets in the file


def test_truncated_multibyte_character_at_the_end(tmp_path: Path) -> None:
    p = write(tmp_path / "cut.txt", "条约".encode()[:-1])
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert e.value.kind == "encoding" and e.value.position == 3


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        ("\u3000\n".encode(), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"text\x01\x02\x03\x04\x05\x06\x07\x08text", "binary"),
    ],
)
def test_empty_and_binary_files(tmp_path: Path, data: bytes, kind: str) -> None:
    p = write(tmp_path / "f.txt", data)
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert e.value.kind == kind and str(e.value).startswith(str(p) + ": ")


def test_nul_byte_position(tmp_path: Path) -> None:
    p = write(tmp_path / "f.txt", "条约".encode() + b"\x00")
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert (e.value.kind, e.value.position) == ("binary", 6)


def test_unreadable(tmp_path: Path) -> None:
    for p in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(ReadError) as e:
            read_file(p)
        assert e.value.kind == "unreadable" and e.value.position is None
        assert str(e.value).startswith(f"{p}: cannot read")


def test_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert e.value.kind == "too_large"
    small = write(tmp_path / "small.txt", WIKI.encode())
    with pytest.raises(ReadError) as e:
        read_file(small, max_bytes=10)
    assert e.value.kind == "too_large"


def test_read_error_survives_pickling() -> None:
    err = ReadError("x.txt", "encoding", "invalid UTF-8\n(detail)", position=3)
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.kind, back.position, str(back)) == (
        "x.txt",
        "encoding",
        3,
        "x.txt: byte 3: invalid UTF-8 (detail)",
    )
    with pytest.raises(ValueError):
        ReadError("x", "nonsense", "m")
