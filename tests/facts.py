"""Registry facts the tests share, as an extract delivers them (text keyed by the engine's field
names); plain data, so the engine's tests can use them without Django."""

# OP3.2: 48 payers a month in Jan–Apr 2020 against 40 in 2019 is growth of exactly 20 % → 50 % of
# the 30,000.00 yuan paid in Feb–Apr = 15,000.00; the cap 6,315 × 48 = 303,120.00 does not bite.
OP3_FACTS = {
    "industry_code": "F52",
    "employees": "50",
    "revenue_2019": "5000000",
    "total_assets": "3000000",
    "state_owned": "false",
    "restricted_catalogue": "false",
    "priority_zone": "true",
    "high_tech_industry": "false",
    "ui_payers_2019_avg": "40",
    "ui_payers_2020_01": "48",
    "ui_payers_2020_02": "48",
    "ui_payers_2020_03": "48",
    "ui_payers_2020_04": "48",
    "employer_contrib_2020_02": "10000.00",
    "employer_contrib_2020_03": "10000.00",
    "employer_contrib_2020_04": "10000.00",
}

# OP3 without growth: 40 payers a month in 2019 and in Jan–Apr 2020 (a software firm, I65) → 30 % of
# the 30,000.00 yuan paid in Feb–Apr = 9,000.00
OP3_FLAT_FACTS = {
    **OP3_FACTS,
    "industry_code": "I65",
    "revenue_2019": "8000000.00",
    "total_assets": "5000000.00",
    **{f"ui_payers_2020_{m:02d}": "40" for m in range(1, 5)},
}
