"""enrich/targets"""
