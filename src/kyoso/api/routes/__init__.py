"""The API's own routers: me, workspace, audit, tokens, webhooks, diagnosis."""
