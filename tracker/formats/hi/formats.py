# Indian digit grouping (lakh, crore): 12,34,56,789. Django's Hindi formats group by thousands.
NUMBER_GROUPING = (3, 2, 0)
# Django's Hindi formats leave these to the (American) defaults.
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
YEAR_MONTH_FORMAT = "F Y"
