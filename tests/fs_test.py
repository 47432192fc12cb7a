from __future__ import annotations

import errno
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


def test_read_bytes_large_file_in_chunks(tmp_path):
    data = os.urandom(200_000)  # several reads
    (tmp_path / 'big').write_bytes(data)
    assert fs.read_bytes(str(tmp_path / 'big')) == data
    (tmp_path / 'empty').write_bytes(b'')
    assert fs.read_bytes(str(tmp_path / 'empty')) == b''


def test_listing_lists_each_folder_once(tmp_path):
    (tmp_path / 'd').mkdir()
    (tmp_path / 'd' / 'a').write_bytes(b'A')
    os.symlink('a', tmp_path / 'd' / 'link')
    os.symlink('gone', tmp_path / 'd' / 'dangling')
    listing = fs.Listing()
    d = tmp_path / 'd'
    assert listing.read(str(d / 'a')) == b'A'
    assert listing.read(str(d / 'link')) == b'A'
    # a dangling link is no content, but it is there
    assert listing.read(str(d / 'dangling')) is None
    assert not listing.absent(str(d / 'dangling'))
    assert listing.absent(str(d / 'new'))
    assert listing.absent(str(tmp_path / 'nofolder' / 'x'))
    assert listing.absent(str(d / 'a' / 'below-a-file'))
    # what the listing saw is what it answers: a new file is seen by a
    # new listing
    (d / 'new').write_bytes(b'N')
    assert listing.absent(str(d / 'new'))
    assert fs.Listing().read(str(d / 'new')) == b'N'


def test_listing_asks_the_path_when_the_folder_cannot_be_listed(tmp_path):
    long = str(tmp_path / ('x' * 300))  # too long a name to list
    listing = fs.Listing()
    assert not listing.absent(os.path.join(long, 'f'))
    with pytest.raises(OSError):
        listing.read(os.path.join(long, 'f'))


def test_new_file_gets_the_umask_mode_and_no_chmod(tmp_path, monkeypatch):
    calls = []
    real_chmod = os.chmod

    def chmod(*args):
        calls.append(args)
        real_chmod(*args)

    monkeypatch.setattr(os, 'chmod', chmod)
    p = tmp_path / 'sub' / 'f'
    p.parent.mkdir()
    fs.write_atomic(str(p), b'x', new=True)
    assert p.read_bytes() == b'x'
    assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~fs.UMASK
    assert calls == []


def test_mode_the_umask_would_cut_is_set_after_creation(tmp_path):
    p = tmp_path / 'f'
    p.write_bytes(b'old')
    p.chmod(0o666)  # group and other writable: more than the umask lets
    fs.replace_file(str(p), b'new')
    assert stat.S_IMODE(p.stat().st_mode) == 0o666


def test_executable_new_and_existing(tmp_path):
    new = tmp_path / 'new.sh'
    undo = fs.replace_file(
        str(new), b'#!/bin/sh\n', before=None, new=True, executable=True
    )
    assert stat.S_IMODE(new.stat().st_mode) == 0o777 & ~fs.UMASK
    undo()
    assert not new.exists()
    old = tmp_path / 'old.sh'
    old.write_bytes(b'old')
    old.chmod(0o600)
    fs.replace_file(str(old), b'new', before=b'old', executable=True)
    assert old.read_bytes() == b'new'
    assert stat.S_IMODE(old.stat().st_mode) == 0o600 | 0o111 & ~fs.UMASK


def test_temp_name_left_by_a_dead_process_is_skipped(tmp_path):
    p = tmp_path / 'f'
    n = next(fs._SERIAL)
    stale = [
        tmp_path / f'.f.{os.getpid()}-{k}{fs.TMP_SUFFIX}'
        for k in range(n + 1, n + 4)
    ]
    for s in stale:
        s.write_bytes(b'stale')
    fs.write_atomic(str(p), b'fresh')
    assert p.read_bytes() == b'fresh'
    assert all(s.read_bytes() == b'stale' for s in stale)  # not ours


def test_known_before_is_not_read_again(tmp_path):
    p = tmp_path / 'f'
    p.write_bytes(b'on disk')
    undo = fs.replace_file(str(p), b'new', before=b'as read under lock')
    undo()
    assert p.read_bytes() == b'as read under lock'
    undo = fs.remove_file(str(p), before=b'as read')
    assert not p.exists()
    undo()
    assert p.read_bytes() == b'as read'


def test_umask_is_read_once_and_left_as_it_was():
    now = os.umask(0o022)
    os.umask(now)
    assert fs.UMASK == now
    assert fs._read_umask() == now
    after = os.umask(0o022)
    os.umask(after)
    assert after == now


def test_meant_names_the_file_a_temp_file_stands_for(tmp_path):
    target = tmp_path / 'a.md'
    fd, tmp = fs._open_temp(str(target), 0o644)
    os.close(fd)
    assert fs.meant(tmp) == str(target)
    assert fs.meant(str(target)) == str(target)
    assert fs.meant(str(tmp_path / '.x.bt-tmp')) == str(tmp_path / '.x.bt-tmp')


def test_a_refused_write_names_the_file_and_the_remedy(tmp_path):
    from bootstrap.commands.sync import _os_error

    fd, tmp = fs._open_temp(str(tmp_path / 'a.md'), 0o644)
    os.close(fd)
    e = PermissionError(errno.EPERM, 'Operation not permitted', tmp)
    assert _os_error(e) == (
        f'{tmp_path / "a.md"}: Operation not permitted -- we may not write '
        f'in {tmp_path} (its permissions, or a read-only or immutable '
        f'folder); fix that and run again'
    )
    missing = FileNotFoundError(errno.ENOENT, 'No such file', 'x')
    assert _os_error(missing) == 'x: No such file'
