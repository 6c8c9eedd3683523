"""The anchor of the load benchmark: a bare WSGI hello under the portal's gunicorn."""


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"Halo"]
