"""The document approval service (văn bản đi, văn bản đến, báo cáo). `create_app` lives in service.app;
docs/architecture.md describes the layers: http → usecases → (domain, store, workflows, output)."""
from service.app import create_app

__all__ = ["create_app"]
