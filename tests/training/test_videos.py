"""A recorded lesson's duration is read from the uploaded file (PyAV); a file that is not a whole
video is refused with a Chinese reason and nothing is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from tests.factories import pdf_bytes, service_day
from tests.training.setup import World, video_bytes, video_upload
from wengang.training.models import Lesson
from wengang.training.services import TrainingError, lesson_add_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    service_day(settings, "2020-06-01", tmp_path)
    return World()


def _stored_files(tmp_path: Path) -> list[str]:
    root = tmp_path / "media" / "training" / "videos"
    return [f.name for f in root.rglob("*") if f.is_file()] if root.exists() else []


@pytest.mark.parametrize("fmt", ["webm", "mp4"])
def test_the_duration_is_read_from_the_file(world, fmt):
    lesson = lesson_add_video(course=world.course, title="第一课", upload=video_upload(3, fmt))
    assert 2900 <= lesson.duration_ms <= 3100
    assert lesson.video_type == f"video/{fmt}"
    assert lesson.video.name.endswith(f".{fmt}")


def test_a_pdf_named_like_a_video_is_refused(world, tmp_path):
    upload = SimpleUploadedFile("第一课.mp4", pdf_bytes(), content_type="video/mp4")
    with pytest.raises(TrainingError, match="文件不是视频，或已损坏"):
        lesson_add_video(course=world.course, title="第一课", upload=upload)
    assert not Lesson.objects.exists()
    assert _stored_files(tmp_path) == []


def test_a_truncated_video_is_refused(world, tmp_path):
    data = video_bytes(3, "webm")
    upload = SimpleUploadedFile("第一课.webm", data[: len(data) // 2], content_type="video/webm")
    with pytest.raises(TrainingError, match="不完整|已损坏"):
        lesson_add_video(course=world.course, title="第一课", upload=upload)
    assert not Lesson.objects.exists()
    assert _stored_files(tmp_path) == []


def test_a_truncated_mp4_is_refused(world):
    data = video_bytes(3, "mp4")
    upload = SimpleUploadedFile("第一课.mp4", data[: len(data) // 2], content_type="video/mp4")
    with pytest.raises(TrainingError, match="不完整|已损坏"):
        lesson_add_video(course=world.course, title="第一课", upload=upload)
    assert not Lesson.objects.exists()


def test_a_2_gb_file_is_refused_before_it_is_read(world):
    upload = TemporaryUploadedFile("大文件.mp4", "video/mp4", 0, None)
    upload.file.truncate(2 * 1024**3)  # sparse: takes no disk
    upload.size = os.path.getsize(upload.temporary_file_path())
    try:
        with pytest.raises(TrainingError, match="视频文件超过 1024 MB"):
            lesson_add_video(course=world.course, title="大文件", upload=upload)
    finally:
        upload.close()
    assert not Lesson.objects.exists()


def test_an_empty_file_is_refused(world):
    with pytest.raises(TrainingError, match="空的"):
        lesson_add_video(course=world.course, title="空", upload=SimpleUploadedFile("a.mp4", b"", "video/mp4"))


def test_random_bytes_are_refused(world):
    upload = SimpleUploadedFile("第一课.webm", os.urandom(4096) + b"\x00" * 100, content_type="video/webm")
    with pytest.raises(TrainingError):
        lesson_add_video(course=world.course, title="第一课", upload=upload)
    assert not Lesson.objects.exists()
