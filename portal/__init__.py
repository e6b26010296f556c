"""The clinic portal. The app is made by portal.app.create_app; README "Map of the code" has
the layers."""
