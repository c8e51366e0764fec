"""No forms: tokens are made in the admin or with `manage.py api_token_create`; the API's input
is validated by its schemas (api.py)."""
