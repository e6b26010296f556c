"""Requests for static files (ours and Bootstrap's): the same for everyone, nothing personal."""

from flask import request


def is_static_file_request() -> bool:
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static")
