"""Party dues (đảng phí): monthly amounts, collection with receipts, retained shares and remittances, arrears."""
