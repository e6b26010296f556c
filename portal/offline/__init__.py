"""The installable app: manifest, service worker, and the sync of practice done offline."""
