"""Zhitu 职途 — conversational career guidance for vocational students and job seekers."""
