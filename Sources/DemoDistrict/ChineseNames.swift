/// Surnames weighted by how common they are in north-east China, and given-name characters by sex.
enum ChineseNames {
    static let surnames: [(String, Int)] = [
        ("王", 95), ("李", 92), ("张", 88), ("刘", 70), ("陈", 45), ("杨", 40), ("赵", 38), ("黄", 20), ("周", 22),
        ("吴", 18), ("徐", 20), ("孙", 30), ("胡", 14), ("朱", 14), ("高", 22), ("林", 10), ("何", 9), ("郭", 16),
        ("马", 20), ("罗", 8), ("梁", 10), ("宋", 12), ("郑", 10), ("谢", 7), ("韩", 14), ("唐", 7), ("冯", 9),
        ("于", 16), ("董", 10), ("萧", 3), ("程", 6), ("曹", 8), ("袁", 5), ("邓", 6), ("许", 7), ("傅", 4),
        ("沈", 4), ("曾", 3), ("彭", 4), ("吕", 6), ("苏", 6), ("卢", 5), ("蒋", 4), ("蔡", 4), ("贾", 5),
        ("丁", 5), ("魏", 6), ("薛", 4), ("叶", 4), ("阎", 4), ("姜", 9), ("崔", 8), ("金", 7), ("邢", 3),
        ("付", 5), ("白", 5), ("关", 4), ("隋", 2), ("欧阳", 1), ("司马", 1), ("朴", 3), ("佟", 2),
    ]

    static let maleCharacters = Array(
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
    )
    static let femaleCharacters = Array(
        "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
    )

    /// A full name for a person of the given sex, sharing `surname` when a family name is passed down.
    static func name(surname: String, male: Bool, random: inout SeededRandom) -> String {
        let pool = male ? maleCharacters : femaleCharacters
        let given =
            random.chance(0.7)
            ? String(random.element(pool)) + String(random.element(pool))
            : String(random.element(pool))
        return surname + given
    }
}
