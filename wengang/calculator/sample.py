"""A fictitious firm for the "示例企业" link: shows every outcome the calculator can give.

With the baseline reading on 2020-05-01 it qualifies for OP2 (provisional: the 2019 benefit
standard is unconfirmed), OP3 at 30 % (growth 15 %), OP6 and I2; OP5 and I3 are not met; N14 is
unknown because the number of local rural workers is left empty.
"""

SAMPLE_FIRM: dict[str, str] = {
    "uscc": "91110105MA01R8K3XM",
    "name": "北京示例商贸有限公司（虚构）",
    "street": "望京街道",
    "industry_code": "F52",
    "state_owned": "false",
    "employees": "50",
    "revenue_2019": "12000000.00",
    "total_assets": "8000000.00",
    "restricted_catalogue": "false",
    "priority_zone": "true",
    "high_tech_industry": "false",
    "insured_2018_12": "45",
    "insured_2019_12": "42",
    "attrition_2019": "1",
    "ui_paid_months": "36",
    "serious_dishonesty": "false",
    "stabilisation_measures": "true",
    "profit_tax_2018": "800000.00",
    "profit_tax_2019": "350000.00",
    "profit_2019q1": "120000.00",
    "profit_2019q2": "-30000.00",
    "profit_2019q3": "-45000.00",
    "profit_2019q4": "60000.00",
    "profit_2020q1": "-80000.00",
    "ui_payers_2019_avg": "40",
    "ui_payers_2020_01": "44",
    "ui_payers_2020_02": "46",
    "ui_payers_2020_03": "47",
    "ui_payers_2020_04": "47",
    "employer_contrib_2020_02": "38500.00",
    "employer_contrib_2020_03": "39200.00",
    "employer_contrib_2020_04": "39200.00",
    "epidemic_supplier_certified": "false",
    "si_new_2020_01": "0",
    "si_new_2020_02": "2",
    "trained_40h_employed": "12",
    "local_rural_workers": "",
    "arrears_before_2019_12": "false",
    "deferral_industry_confirmed": "false",
}
