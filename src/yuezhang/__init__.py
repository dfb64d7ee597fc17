"""yuezhang (约章): a treaty knowledge base built from Chinese-language wiki articles."""

__version__ = "0.1.0"
