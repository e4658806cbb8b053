"""Request lines reach the log without their query strings."""

from __future__ import annotations

import logging

from config.logfilters import WithoutQueryStrings


def test_the_development_servers_request_lines_lose_their_query_strings(caplog):
    logger = logging.getLogger("test.requests")
    logger.addFilter(WithoutQueryStrings())
    with caplog.at_level(logging.INFO, logger="test.requests"):
        logger.info('"%s" %s %s', "GET /g/x/queue/?q=0671234567&status=all HTTP/1.1", "200", "51")
        logger.warning("Not Found: /g/x/posts/9/?s=abc")
    text = caplog.text
    assert "0671234567" not in text
    assert "s=abc" not in text
    assert "GET /g/x/queue/?… HTTP/1.1" in text
    assert "Not Found: /g/x/posts/9/?…" in text


def test_the_settings_put_the_filter_on_the_request_loggers():
    from django.conf import settings

    logging_config: dict = settings.LOGGING
    handlers = logging_config["handlers"]
    for name in ("django.server", "django.request"):
        (handler,) = logging_config["loggers"][name]["handlers"]
        assert "no_query_strings" in handlers[handler]["filters"]
