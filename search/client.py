"""The Elasticsearch client piwatch uses: a configured cluster, or the embedded local node."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from elastic_transport import TransportError
from elasticsearch import ApiError, AuthenticationException, Elasticsearch

from piwatch.errors import PiwatchError
from piwatch.esnode import node

if TYPE_CHECKING:
    from piwatch.config import ElasticsearchSettings, Settings

log = logging.getLogger(__name__)


def client_for(url: str, settings: ElasticsearchSettings) -> Elasticsearch:
    """A client for ``url`` with the configured credentials, CA file, timeouts and retries."""
    kwargs: dict[str, Any] = {
        "request_timeout": settings.request_timeout,
        "max_retries": settings.max_retries,
        "retry_on_timeout": True,
    }
    if settings.api_key is not None:
        kwargs["api_key"] = settings.api_key.get_secret_value()
    elif settings.username and settings.password is not None:
        kwargs["basic_auth"] = (settings.username, settings.password.get_secret_value())
    if settings.ca_file is not None:
        if not settings.ca_file.is_file():
            raise PiwatchError(
                f"elasticsearch.ca_file {settings.ca_file} does not exist; fix the path"
            )
        kwargs["ca_certs"] = str(settings.ca_file)
    return Elasticsearch(url, **kwargs)


def connect(settings: Settings, *, on_wait: Callable[[str], None] | None = None) -> Elasticsearch:
    """A checked client: ``elasticsearch.url`` when set (never starts a node), else the
    embedded node, started if it is not running."""
    es_settings = settings.elasticsearch
    if es_settings.url:
        url = es_settings.url
        where = url
    else:
        state = node.start(node.NodeOptions.from_settings(settings), on_wait=on_wait)
        url = state.url
        where = f"the local node at {url}"
    es = client_for(url, es_settings)
    try:
        info = es.info()
    except AuthenticationException:
        raise PiwatchError(
            f"Elasticsearch at {where} refused the credentials; check "
            "PIWATCH_ELASTICSEARCH__API_KEY or PIWATCH_ELASTICSEARCH__USERNAME/PASSWORD"
        ) from None
    except (TransportError, ApiError) as exc:
        raise PiwatchError(
            f"cannot reach Elasticsearch at {where}: {exc}; check elasticsearch.url"
            " (or unset it to use the local node)"
        ) from None
    log.debug("connected to Elasticsearch %s at %s", info["version"]["number"], url)
    return es
