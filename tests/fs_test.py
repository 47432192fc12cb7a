from __future__ import annotations

import os
import stat

import pytest

from bootstrap import fs


def test_replace_keeps_mode_and_undoes(tmp_path):
    p = tmp_path / 'f'
    p.write_bytes(b'old')
    p.chmod(0o640)
    undo = fs.replace_file(str(p), b'new')
    assert p.read_bytes() == b'new'
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    undo()
    assert p.read_bytes() == b'old'
    assert stat.S_IMODE(p.stat().st_mode) == 0o640


def test_replace_new_file_undo_removes(tmp_path):
    p = tmp_path / 'f'
    undo = fs.replace_file(str(p), b'x')
    assert p.read_bytes() == b'x'
    undo()
    assert not p.exists()
    undo()  # twice is fine


def test_symlinked_file_is_written_through(tmp_path):
    real = tmp_path / 'dotfiles' / 'mcp.json'
    real.parent.mkdir()
    real.write_text('{}')
    link = tmp_path / 'mcp.json'
    link.symlink_to(real)
    undo = fs.replace_file(str(link), b'{"a": 1}')
    assert link.is_symlink()
    assert real.read_bytes() == b'{"a": 1}'
    undo()
    assert link.is_symlink()
    assert real.read_text() == '{}'


def test_failed_write_leaves_no_temp_file(tmp_path, monkeypatch):
    p = tmp_path / 'f'
    p.write_bytes(b'old')

    def boom(src, dst):
        raise OSError('disk full')

    monkeypatch.setattr(os, 'replace', boom)
    with pytest.raises(OSError, match='disk full'):
        fs.write_atomic(str(p), b'new')
    assert p.read_bytes() == b'old'
    assert sorted(os.listdir(tmp_path)) == ['f', 'home']


def test_remove_file_and_undo(tmp_path):
    p = tmp_path / 'f'
    p.write_bytes(b'keep')
    p.chmod(0o600)
    undo = fs.remove_file(str(p))
    assert not p.exists()
    undo()
    assert p.read_bytes() == b'keep'
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    fs.remove_file(str(tmp_path / 'missing'))()


def test_make_dirs_undo_removes_only_created(tmp_path):
    (tmp_path / 'a').mkdir()
    created, undo = fs.make_dirs(str(tmp_path / 'a' / 'b' / 'c'))
    assert created == [str(tmp_path / 'a/b/c'), str(tmp_path / 'a/b')]
    undo()
    assert sorted(os.listdir(tmp_path)) == ['a', 'home']
    assert os.listdir(tmp_path / 'a') == []


def test_remove_empty_dir(tmp_path):
    d = tmp_path / 'd'
    d.mkdir()
    undo = fs.remove_empty_dir(str(d))
    assert not d.exists()
    undo()
    assert d.is_dir()
    (d / 'x').write_text('x')
    fs.remove_empty_dir(str(d))()  # not empty: kept, undo is a no-op
    assert (d / 'x').exists()


def test_read_bytes_missing(tmp_path):
    assert fs.read_bytes(str(tmp_path / 'nope')) is None
    (tmp_path / 'file').write_text('x')
    assert fs.read_bytes(str(tmp_path / 'file' / 'below')) is None
