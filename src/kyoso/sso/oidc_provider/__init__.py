"""URL package of Kyoso's strict OpenID Connect provider (allauth imports ``<package>.urls``)."""
