"""The assistant: route → rewrite follow-up → retrieve → answer with citations | refuse | escalate; interviews; tickets."""
