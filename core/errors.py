"""Domain errors. Third-party failures are wrapped once into one of these; the CLI prints one line."""


class ZhituError(Exception):
    """Base class for every error Zhitu reports to a user."""


class ConfigError(ZhituError):
    """A setting is missing or invalid."""


class IngestError(ZhituError):
    """A file could not be ingested. The message starts with the file name."""


class NotFoundError(ZhituError):
    """A named document, ticket, user or posting does not exist."""


class PermissionDenied(ZhituError):
    """The user is not allowed to do this."""


class InvalidTransition(ZhituError):
    """A ticket status change that the workflow does not allow."""
