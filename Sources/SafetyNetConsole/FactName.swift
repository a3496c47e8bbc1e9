/// The Chinese name of a fact the rules ask for, by the field they name (`members[…].monthlyIncomeFen`).
public enum FactName {
    /// The fact `field` names, in Chinese.
    public static func chinese(_ field: String) -> String {
        let last = field.split(separator: ".").last.map(String.init) ?? field
        return switch last {
        case "monthlyIncomeFen": "成员月收入"
        case "workCapacity": "成员劳动能力"
        case "selfCare": "成员生活自理能力"
        case "hasAbleSupporter": "法定赡养、抚养、扶养义务人有无能力"
        case "lacksParentalCare": "儿童是否缺乏父母照料"
        case "annualRigidExpenditureFen": "近12个月医疗、教育等刚性支出"
        case "costFen": "申请救助的费用或损失金额"
        case "selfPaidMedicalFen": "个人自付医疗费用"
        case "financialAssetsFen": "家庭金融资产"
        case "vehicles": "机动车数量"
        case "personID": "申请救助的成员"
        case "members": "家庭成员"
        default: field
        }
    }
}
