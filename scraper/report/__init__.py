"""The sources report: corpus reading (corpus), view model (model), text and HTML (render)."""
