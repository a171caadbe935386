"""The web review desk: the provider's staff review orders in a browser (``icpbot web``)."""
