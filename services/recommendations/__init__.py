"""Recommendations: "you may also like", learned off the request path from purchases and views."""
