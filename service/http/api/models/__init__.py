"""Response models of the JSON API: every JSON 2xx body is built through one of them (extra fields are refused,
so the code cannot add a field the description lacks) and /api/openapi.json is generated from them."""
