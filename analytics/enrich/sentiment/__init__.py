"""enrich/sentiment"""
