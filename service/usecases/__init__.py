"""The user actions: one module per capability; each public function is one user action and one transaction
(store.unit_of_work). Called by service/http and service/cli; calls domain, store, workflows and output."""
