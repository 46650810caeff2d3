"""No page of this app takes a file, yet Django reads every file part of a multipart POST (to memory,
then to a temporary file) without limit; DATA_UPLOAD_MAX_MEMORY_SIZE counts only the other fields.
Without nginx's client_max_body_size in front, one POST could fill the disk. This handler stops
reading once the file parts pass FILE_UPLOAD_MAX_BYTES: the request is refused with a 400."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class FilePartLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts the bytes of every file part of one request."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_BYTES:
            raise RequestDataTooBig("The file parts of this request are larger than FILE_UPLOAD_MAX_BYTES.")
        return raw_data  # passed on to the next handler

    def file_complete(self, file_size: int):
        return None  # the next handler makes the file
