"""`{% load money %}{{ fee.amount|euro }}` → "€ 2.812,38"; `|amount` leaves out the sign."""

from django import template

from cocopa.core import money

register = template.Library()
register.filter("euro", money.euro, is_safe=True)
register.filter("amount", money.amount, is_safe=True)
