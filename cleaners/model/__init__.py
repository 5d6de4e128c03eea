"""The learned block model: features, stoplists, weights loading and HTML-mode scoring."""
