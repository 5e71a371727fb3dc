"""Foundation layer: settings, errors, database and migrations, text and places, masking, staff accounts.

Everything else imports from here; nothing here imports the stages above it."""
