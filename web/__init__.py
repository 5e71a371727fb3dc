"""Web pages (Gradio): chat /, counsellor console /counsellor, admin /admin. Thin: each handler calls one service."""
