"""监督再造 (issue 17): facts from events, and the figures a hall's supervisor is asked about.

``events``: each ticket's and case's life as events, checked for an order that can happen and
rolled up per day × hour × window × clerk × service in the writer's transaction.
``figures``: a period's figures from those roll-ups. ``export``: the figures as XLSX or CSV.
No Qt, and nothing about a citizen: a ticket's id, a case's id and a service code.
"""
