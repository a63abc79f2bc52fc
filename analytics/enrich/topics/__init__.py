"""enrich/topics"""
