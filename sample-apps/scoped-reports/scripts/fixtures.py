"""Writes sample issues for local testing; developer tooling, never deployed."""
import json

print(json.dumps([{"key": "DEMO-1", "status": "Done"}]))
